from django.db import models


class ChecklistItem(models.Model):
    """One item of the checklist library (检查事项库): what to check and on which legal basis."""

    code = models.CharField("编号", max_length=32, unique=True)
    industry = models.CharField("适用行业", max_length=32, default="all")  # an INDUSTRIES code or "all"
    category = models.CharField("类别", max_length=64)
    content = models.TextField("检查内容")
    law_name = models.CharField("法律法规标准名称", max_length=200)
    article = models.CharField("条款", max_length=100, blank=True)
    is_key = models.BooleanField("重点检查事项", default=False)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_key", "industry", "code"]
        verbose_name = verbose_name_plural = "检查事项"

    def __str__(self) -> str:
        return f"{self.code} {self.category}"

    @property
    def legal_basis(self) -> str:
        return f"{self.law_name}{self.article}"

    def industry_label(self) -> str:
        from anjian.domain.registry import INDUSTRIES

        return "通用" if self.industry == "all" else INDUSTRIES.get(self.industry, self.industry)
