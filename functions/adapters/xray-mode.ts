/**
 * The X-Ray SDK, which the Powertools tracer loads, starts in automatic mode when it is imported:
 * it installs an async hook that tracks the destruction of every promise (cls-hooked), measured at
 * about a tenth of a local simulation's CPU with the garbage it makes. Outside Lambda the tracer
 * traces nothing (Powertools turns it off without AWS_EXECUTION_ENV), so there the SDK starts in
 * manual mode, which installs no hook. Imported before the tracer, for its effect alone. The
 * compiled CLI's launcher (bin/compiled-cli.js) sets it as well: bundled, this line would run
 * after the imports of the chunk it lands in, the SDK's among them.
 */
if (!process.env.AWS_EXECUTION_ENV) process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
