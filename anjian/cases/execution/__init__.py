"""Execution of a decision (payments, deferral, reminders, surcharge, enforcement) and closing the case."""
