from ninja import Router

router = Router(tags=["年度计划"])
