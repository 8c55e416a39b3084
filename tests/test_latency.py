import pytest

from assistant.latency import percentile

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "values, fraction, expected",
    [
        ([5.0, 1.0, 3.0], 0.5, 3.0),
        ([float(v) for v in range(1, 101)], 0.95, 95.0),
        ([2.0, 9.0], 0.0, 2.0),
        ([2.0, 9.0], 1.0, 9.0),
        ([4.0], 0.95, 4.0),
    ],
)
def test_percentile_is_a_measured_value_by_nearest_rank(values, fraction, expected):
    assert percentile(values, fraction) == expected
