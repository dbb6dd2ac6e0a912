import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { PlatformModule } from '@app/platform';
import { MeController } from './me/me.http.controller';
import { SignInAttempts } from './sign-in/sign-in-attempts';
import { SignInController } from './sign-in/sign-in.http.controller';
import { SignInService } from './sign-in/sign-in.service';
import { UserStore } from './users/user-store';
import { WellKnownController } from './well-known/well-known.http.controller';

@Module({
  imports: [PlatformModule.forService('gateway'), AuthModule.forService('gateway', { signing: true })],
  controllers: [SignInController, MeController, WellKnownController],
  providers: [UserStore, SignInAttempts, SignInService],
})
export class GatewayModule {}
