"""The records of a case: publishing the decision (and the public pages), the file check, archiving, the case file PDF."""
