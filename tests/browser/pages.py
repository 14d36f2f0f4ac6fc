"""Moving about the live server in a browser page."""


def go(page, path: str):
    """Open `path` of the live server; fail unless the page answers without an error."""
    response = page.goto(page.base_url + path)
    assert response is not None and response.status < 400, (path, response and response.status)
    return response
