import { Module } from '@nestjs/common';
import { CloseSeriesController } from './close-series/close-series.controller';
import { CloseSeriesHandler } from './close-series/close-series.handler';
import { GetSeriesController } from './get-series/get-series.controller';
import { GrantCapOverrideController } from './grant-cap-override/grant-cap-override.controller';
import { GrantCapOverrideHandler } from './grant-cap-override/grant-cap-override.handler';
import { IssueReferralController } from './issue-referral/issue-referral.controller';
import { IssueReferralHandler } from './issue-referral/issue-referral.handler';
import { ListSeriesController } from './list-series/list-series.controller';
import { OpenSeriesController } from './open-series/open-series.controller';
import { OpenSeriesHandler } from './open-series/open-series.handler';
import { SeriesHistoryController } from './series-history/series-history.controller';

@Module({
  controllers: [
    OpenSeriesController,
    ListSeriesController,
    GetSeriesController,
    SeriesHistoryController,
    IssueReferralController,
    CloseSeriesController,
    GrantCapOverrideController,
  ],
  providers: [OpenSeriesHandler, IssueReferralHandler, CloseSeriesHandler, GrantCapOverrideHandler],
})
export class SeriesModule {}
