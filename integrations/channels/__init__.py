"""Notification channels: e-mail, SMS and push providers registered under Capability.EMAIL/SMS/PUSH."""
