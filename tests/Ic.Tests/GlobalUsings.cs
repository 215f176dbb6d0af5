global using NUnit.Framework;
global using Canic.Fsm.Ic.Tests.Support;
