# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stands in for the pip bootstrap script that ansible-test downloads from a host this network cannot reach.

ansible-test runs it as ``python get_pip.py [pip options] pip==X ... --no-setuptools --no-wheel`` inside a
fresh virtual environment without pip. This installs the interpreter's bundled pip with ensurepip, then
lets that pip install the requested packages from the package index.

ensurepip runs pip from its bundled wheel, whose certificate bundle gets extracted to a temporary file that is
never removed; it runs with a temporary directory of its own, removed afterwards, so that nothing is left in /tmp.
"""

from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess
import sys
import tempfile


def main():
    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    scratch = tempfile.mkdtemp(prefix='telnyx-get-pip-')
    try:
        subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'], env=dict(os.environ, TMPDIR=scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if [arg for arg in args if not arg.startswith('-')]:
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
