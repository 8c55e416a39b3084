"""Extractive answers: the best supported sentences of the top passages, each cited."""

from assistant.compose.extractive import ComposedAnswer, ExtractiveComposer, LeadSentence

__all__ = ["ComposedAnswer", "ExtractiveComposer", "LeadSentence"]
