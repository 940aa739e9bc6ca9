"""Case transfers (移送) to other agencies, tracked to acknowledgement."""
