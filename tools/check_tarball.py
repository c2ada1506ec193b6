# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fails when the built collection tarball holds anything but collection content."""

from __future__ import absolute_import, division, print_function

import sys
import tarfile

FORBIDDEN_PARTS = ('tests', 'tools', '.venv', '.ci', '.git', '__pycache__', 'build', '.tmp', 'output')
REQUIRED = ('MANIFEST.json', 'FILES.json', 'README.md', 'LICENSE', 'meta/runtime.yml', 'plugins/modules/telnyx_account.py',
            'plugins/module_utils/client.py', 'roles/baseline/tasks/main.yml', 'playbooks/baseline.yml', 'requirements.txt')


def main(path):
    with tarfile.open(path) as tar:
        names = [m.name.lstrip('./') for m in tar.getmembers()]
    bad = [n for n in names if any(part in FORBIDDEN_PARTS for part in n.split('/'))
           or n.endswith(('.pyc', '.tar.gz', 'Makefile')) or 'simulator' in n]
    missing = [n for n in REQUIRED if n not in names]
    for name in bad:
        print('not collection content: %s' % name)
    for name in missing:
        print('missing from the tarball: %s' % name)
    print('%s: %d entries, %d unwanted, %d missing' % (path, len(names), len(bad), len(missing)))
    return 1 if bad or missing else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
