"""The app's pages, one module each: plan, adjust, publish, requests, absence, log."""
