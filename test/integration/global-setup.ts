/** Integration tests run against real services started by `scripts/services.sh`; fail fast and say how. */
export default function setup() {
  const missing = ["TEST_DATABASE_URL", "TEST_REDIS_URL", "DOCKER_HOST"].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `integration tests need ${missing.join(", ")}: run \`bash scripts/services.sh start all && eval "$(bash scripts/services.sh env)"\` or use \`npm test\``,
    );
  }
}
