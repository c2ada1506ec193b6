# -*- coding: utf-8 -*-
# Copyright (c) telnyx.account contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action of telnyx_account: the module as ansible.builtin.normal runs it, with its arguments as plain values.

From ansible-core 2.19 on, every value read from a playbook or a vars file carries its origin (file, line,
column), and the worker sends the task's arguments, origins and all, back to the controller's main process with
the result. For the one task that takes a whole account (1,000 objects read from group_vars are 5,000 tagged
values or more) that costs more than the module itself: 0.7 s of a 4 s no-op converge measured by make bench.
The module receives its arguments as JSON, without origins, in any case; this action hands them over as plain
values before the module runs, so that nothing else ships them tagged. Templating and its errors, which use the
origins, are over by then. On earlier ansible-core the copy changes nothing but the container types.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.plugins.action.normal import ActionModule as NormalActionModule


def plain(value):
    """``value`` rebuilt from the builtin types (dict, list, str, int, float, bool, None), recursively.

    A subclass of str, int or float (a tagged or an unsafe value) becomes its builtin value; tuples and sets
    become lists (as JSON makes them); anything else is kept as it is.
    """
    if isinstance(value, Mapping):
        return dict((plain(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item) for item in value]
    if isinstance(value, bool):
        return bool(value)
    for kind in (str, int, float):
        if isinstance(value, kind):
            return value if value.__class__ is kind else kind(value)
    return value


class ActionModule(NormalActionModule):
    """Runs telnyx.account.telnyx_account as the builtin normal action does, on plain arguments."""

    def run(self, tmp=None, task_vars=None):
        self._task.args = plain(self._task.args)
        return super(ActionModule, self).run(tmp, task_vars)
