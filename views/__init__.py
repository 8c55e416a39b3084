"""Streamlit pages. Each is thin: read input, call one service method, render."""
