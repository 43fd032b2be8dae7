// Jest wants a CommonJS function here; the work is in setup.ts (required through Jest's TypeScript transform).
module.exports = async () => require('./setup.ts').setUpLiveTier();
