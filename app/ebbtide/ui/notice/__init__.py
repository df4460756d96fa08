"""Notice & record: the trigger log and the evidence wall."""
