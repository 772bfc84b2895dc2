"""The names behind the numbers in a chapter's text, for a kernel: ``from alsbook.inline import *``.

A chapter quotes each model result as an inline expression (``{eval}`fmt(onset("SOD1"), ".1f")```).
In JupyterLab the MyST extension evaluates those expressions in the notebook's kernel, so the
chapter's first cell imports these names; the book's build evaluates the same expressions in the
same namespace (:func:`alsbook.quantities.namespace`). Builtins that the build's restricted
namespace lists (``abs``, ``min``...) are left out: the kernel has them already.
"""

import builtins

from .quantities import namespace

_NAMES = {k: v for k, v in namespace().items() if not hasattr(builtins, k)}
globals().update(_NAMES)
__all__ = sorted(_NAMES)
