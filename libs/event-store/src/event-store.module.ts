import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createEventStore, type EventStoreModuleOptions } from './create-event-store';
import { EventStore } from './event-store.port';

/** Closes the store last, after every module's onModuleDestroy (projections stop first). */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Binds the EventStore port (the abstract class is the injection token) for the whole app. */
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        // An async factory: Nest awaits the store before anything that injects it.
        { provide: EventStore, useFactory: () => createEventStore(options) },
        EventStoreCloser,
      ],
      exports: [EventStore],
    };
  }
}
