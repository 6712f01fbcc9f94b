import pytest

from crawler.inputs import url_problem


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.org/a", "not an http(s) URL"),
        ("file:///etc/passwd", "not an http(s) URL"),
        ("javascript:alert(1)", "not an http(s) URL"),
        ("http://", "no host"),
        ("http://[::1", "malformed URL"),
        ("http://127.0.0.1:8000/a", "refused private or loopback"),
        ("http://localhost/a", "refused private or loopback"),
        ("https://reader:s3cret@example.org/a", "credentials in a URL are not supported"),
        ("http://10.1.2.3/a", "refused private or loopback"),
        ("http://192.168.0.10/a", "refused private or loopback"),
        ("http://169.254.169.254/latest/meta-data", "refused private or loopback"),
        # Scrapy failed on these with tracebacks, and a crawl of one exited 0
        ("http://news.example.org:99999/en/", "Port out of range"),
        ("http://exa mple.org/en/", "not a host name: 'exa mple.org'"),
    ],
)
def test_refused_inputs_say_why(url: str, problem: str) -> None:
    reason = url_problem(url)
    assert reason is not None and problem in reason


def test_public_and_allowed_private_targets_pass() -> None:
    assert url_problem("https://93.184.215.14/news") is None
    assert url_problem("http://127.0.0.1:8000/a", allow_private=True) is None


def test_a_refused_url_with_credentials_does_not_repeat_the_password() -> None:
    reason = url_problem("https://reader:s3cret@example.org/a")
    assert reason == "credentials in a URL are not supported: 'https://***@example.org/a'"
