# telnyx.account — every entry point of the project. Each target sets up what it needs.
.PHONY: test sanity units integration lint demo bench docs clean

test:            ## every check: sanity, units, integration (2.19 and 2.21), lint, docs, build, importer
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

bench:           ## measure wall time and request counts against the simulator
	bash tools/bench.sh

clean:
	rm -rf .tmp .venv tests/output

docs:            ## HTML documentation (antsibull-docs + Sphinx, offline, warnings as errors) in docs/build/html
	bash tools/docs.sh
