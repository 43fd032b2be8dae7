// Jest reads testTimeout from the global config only (jest-circus: jestAdapterInit sets it from globalConfig), so
// a project's own testTimeout is silently ignored; this file, in the live project's setupFilesAfterEnv, sets it.
// A real API server on a shared 2-core machine: a test that loads a scenario, runs the plugin several times and
// restores can take longer than Jest's 5 s default when the machine is busy.
jest.setTimeout(60_000);
