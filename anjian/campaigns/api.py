from ninja import Router

router = Router(tags=["异地执法检查"])
