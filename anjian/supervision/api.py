from ninja import Router

router = Router(tags=["问题移交与挂牌督办"])
