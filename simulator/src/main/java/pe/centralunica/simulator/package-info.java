/**
 * An Asterisk 20 stand-in for tests, the demo and load: {@link pe.centralunica.simulator.SimulatedAsterisk} runs
 * the project's dialplan for scripted callers ({@link pe.centralunica.simulator.CallScript}), speaks FastAGI to
 * our server as res_agi does and serves AMI; queues, dispatchers, trunks and faults are switched at run time.
 * Everything under {@code internal} is implementation.
 */
package pe.centralunica.simulator;
