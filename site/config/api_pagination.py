"""How API lists come in pages: never more than MAX_PAGE_SIZE rows at once."""

from rest_framework.pagination import CursorPagination, PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class NumberedPages(PageNumberPagination):
    """For short lists (offices, a filing's certificates): ?page=2&page_size=20."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class KeysetPages(CursorPagination):
    """For long lists: the next page starts after the last row, at any depth.

    An offset page 1,000 deep reads and skips 50,000 rows; a cursor seeks
    straight to its place through the index on the ordering, so every page
    costs the same. The price: no jumping to page n, only next and previous.
    """

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
