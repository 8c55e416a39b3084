"""De-identification never touches the network (there is none in production or CI)."""

from __future__ import annotations

import pytest

from assistant.errors import DeidentificationError
from assistant.privacy import Deidentifier

pytestmark = pytest.mark.integration  # loads the spaCy model


def test_email_and_url_are_replaced_without_network(deidentifier, no_network):
    # Presidio's own EmailRecognizer would ask tldextract, which fetches the
    # public suffix list on first use (presidio issue #1205).
    result = deidentifier.run("mail me at jane.doe@example.com or see https://example.org/x")
    assert result.text == "mail me at <EMAIL> or see <URL>"
    assert no_network == []


def test_warm_up_loads_the_installed_model_without_network(no_network):
    component = Deidentifier()
    component.warm_up()
    assert component.run("call 555-123-4567").text == "call <PHONE>"
    assert no_network == []


def test_a_missing_model_is_refused_not_downloaded(no_network):
    # SpacyNlpEngine.load() would run `spacy download` for an unknown name.
    with pytest.raises(DeidentificationError, match="not installed"):
        Deidentifier(spacy_model="en_core_web_nonexistent").warm_up()
    assert no_network == []
