from ninja import Router

router = Router(tags=["执法文书"])
