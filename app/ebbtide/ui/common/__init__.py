"""Widgets more than one feature uses: the distress scale, labels with a type role, the
layout that stacks when narrow. A widget used by one feature lives in its package."""
