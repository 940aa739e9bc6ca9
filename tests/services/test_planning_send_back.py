"""Annual plans: the drafter submits (报批); the approver sends it back (退回) with a reason or approves it."""

from datetime import date

import pytest

from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.notices.selectors import handoffs_for
from anjian.planning import services
from tests.services.test_planning import drafted, people, registry  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_returned_plan_is_a_hand_off_to_its_submitter_closed_by_submitting_again(people, registry):  # noqa: F811
    plan = drafted(people)
    with pytest.raises(ServiceConflict):
        services.plan_return(actor=people["leader"], plan=plan, reason="请补充重点单位")  # not submitted
    with pytest.raises(ServiceDenied):
        services.plan_submit(actor=people["other"], plan=plan)
    plan = services.plan_submit(actor=people["head"], plan=plan)
    assert plan.status == "submitted"
    with pytest.raises(ServiceInvalid) as exc:
        services.plan_return(actor=people["leader"], plan=plan, reason="x" * 501)
    assert exc.value.fields == [("reason", "退回理由不能超过500个字")]
    with pytest.raises(ServiceDenied):
        services.plan_return(actor=people["head"], plan=plan, reason="请补充重点单位")  # drafters do not approve
    plan = services.plan_return(actor=people["leader"], plan=plan, reason="三月检查任务过重，请均衡")
    assert plan.status == "draft"
    assert [(n.key, n.text) for n in handoffs_for(people["head"])] == [
        (f"returned:plan:{plan.pk}", "三月检查任务过重，请均衡")]
    plan = services.plan_submit(actor=people["head"], plan=plan)
    assert not handoffs_for(people["head"])
    plan = services.plan_approve(actor=people["leader"], plan=plan, reference="泌政文〔2026〕3号",
                                 approval_date=date(2026, 1, 5))
    assert plan.status == "approved"
