import pytest

from integrations.registry import Capability, ConfigField, register, unregister


class FakeVendorPms:
    """A PMS provider with a secret, used to exercise configuration, masking and the admin page."""

    name = "fakevendor"
    label = "Fake vendor PMS"
    config_fields = (
        ConfigField("base_url", type="url", required=True, help="API root"),
        ConfigField("api_key", secret=True, required=True, help="Vendor API key"),
        ConfigField("timeout", type="int", default=5),
    )
    healthy = True
    builds = 0

    def __init__(self, *, hotel, config):
        type(self).builds += 1
        self.hotel = hotel
        self.config = config

    def health_check(self):
        if not type(self).healthy:
            raise RuntimeError("vendor down")
        return True


@pytest.fixture
def fake_pms():
    FakeVendorPms.healthy = True
    FakeVendorPms.builds = 0
    register(Capability.PMS, FakeVendorPms)
    yield FakeVendorPms
    unregister(Capability.PMS, "fakevendor")
