global using NUnit.Framework;
global using Canic.Fsm.Ic.Replica.Tests.Support;
