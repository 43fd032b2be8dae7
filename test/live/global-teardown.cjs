module.exports = async () => require('./setup.ts').tearDownLiveTier();
