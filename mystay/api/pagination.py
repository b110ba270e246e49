from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset pages with a ceiling on both, so a huge number is a short page, not a database error."""

    default_limit = 50
    max_limit = 200
    max_offset = 1_000_000

    def get_offset(self, request):
        return min(super().get_offset(request), self.max_offset)
