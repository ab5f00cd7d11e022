/**
 * The simulator's machinery, one concern per class: {@code Engine} (shared state), {@code Channel},
 * {@code Dialplan} + {@code Expressions} + {@code Pbx} (pbx_config and its applications), {@code AgiSession} +
 * {@code AgiCommand} (res_agi's FastAGI client), {@code SimQueue}/{@code SimMember} (app_queue),
 * {@code Dialer}/{@code SimTrunk} (app_dial), {@code AmiServer}/{@code AmiSession}/{@code AmiActions}/
 * {@code Originator} (manager), {@code AmiEvent}/{@code EventBus} (the event stream).
 */
package pe.centralunica.simulator.internal;
