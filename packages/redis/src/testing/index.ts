/**
 * `@contexten/redis/testing`: a disposable `redis-server` for tests of several instances
 * and of Redis outages.
 *
 * @packageDocumentation
 */

export { type RedisServer, startRedisServer } from "./redis-server";
