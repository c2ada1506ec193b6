# telnyx.account — every entry point of the project. Each target sets up what it needs.
.PHONY: test sanity units integration lint demo bench docs clean

test:            ## every check: units on ansible-core 2.15-2.21, sanity and integration on 2.15 and 2.21, lint, docs, build, importer
	bash tools/test.sh

sanity:
	ONLY=sanity bash tools/test.sh

units:
	ONLY=units bash tools/test.sh

integration:
	ONLY=integration bash tools/test.sh

lint:
	ONLY=lint bash tools/test.sh

demo:            ## start the simulator, converge an example account twice, show --check --diff
	bash tools/demo.sh

bench:           ## wall time, requests, 429s and peak memory against the simulator (with latency and a rate limit); not in make test
	bash tools/bench.sh

clean:           ## remove the venvs, ansible-test's caches (.venv/home) and test output
	rm -rf .tmp .venv tests/output docs/build

docs:            ## HTML documentation (antsibull-docs + Sphinx, offline, warnings as errors) in docs/build/html
	bash tools/docs.sh
