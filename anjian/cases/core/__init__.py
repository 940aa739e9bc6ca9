"""The core of a penalty case: filing, investigation, review, notice and hearing, decision and service; the case
list, the case page (which merges the other parts' panels) and its step forms and API."""
