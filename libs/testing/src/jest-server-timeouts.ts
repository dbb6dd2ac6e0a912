// Tests against real servers wait for rebalances and restarts; jest's 5 s default is too short.
jest.setTimeout(90_000);
