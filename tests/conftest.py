"""Test-wide settings.

Hypothesis draws new examples on every run, which is what finds bugs on a developer's
machine; CI (CI=true) replays a fixed, derandomized set so that a landing is never decided
by the luck of the draw, and drops the per-example deadline, which a loaded 2-core CI
machine would miss for reasons that are not bugs.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
