"""The review page (SPEC §4): plain HTML, CSS and a vanilla JS module, no build step."""
