import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';

@Module({ imports: [PlatformModule.forService('referrals')] })
export class ReferralsModule {}
