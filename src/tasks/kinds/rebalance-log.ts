// The rebalance process's log, `<home>/log/VOL-rebalance.log` (10.3 writes
// /var/log/glusterfs/VOL-rebalance.log): each file moved, each file that could not be, and the
// run's last word with its counters, in the lines and message ids of 10.3's dht-rebalance.c,
// which scripts grep ("failures: N").
import { appendLog } from '../../mgmt/log.js';
import type { CrawlCounters, CrawlStep } from '../../xlators/dht/crawl.js';

const MSG_MIGRATE_FILE_COMPLETE = 109022;
const MSG_MIGRATE_FILE_FAILED = 109023;
const MSG_REBALANCE_STATUS = 109028;

export type RebalanceEnd = 'completed' | 'stopped' | 'failed';

export class RebalanceLog {
  private readonly file: string;
  private readonly started = Date.now();

  constructor(
    private readonly home: string,
    private readonly volume: string,
  ) {
    this.file = `${volume}-rebalance.log`;
  }

  /** One file the crawl handed to the migration. */
  step(s: CrawlStep): void {
    const dht = `${this.volume}-dht`;
    if (s.result === 'migrated' && s.from && s.to) {
      appendLog(this.home, this.file, 'I', 'dht-rebalance.c:2178:dht_migrate_file', dht, `completed migration of ${s.path} from subvolume ${s.from} to ${s.to}`, MSG_MIGRATE_FILE_COMPLETE);
    } else if (s.result === 'failed') {
      const why = s.error ? ` [${s.error.strerror}]` : '';
      appendLog(this.home, this.file, 'E', 'dht-rebalance.c:2876:gf_defrag_migrate_single_file', dht, `migrate-data failed for ${s.path}${why}`, MSG_MIGRATE_FILE_FAILED);
    }
  }

  /** gf_defrag_status_get's last line: the status and the counters. */
  end(status: RebalanceEnd, c: CrawlCounters): void {
    const secs = Math.floor((Date.now() - this.started) / 1000);
    appendLog(
      this.home,
      this.file,
      'I',
      'dht-rebalance.c:4663:gf_defrag_status_get',
      'DHT',
      `Rebalance is ${status}. Time taken is ${secs} secs Files migrated: ${c.files}, size: ${c.size}, lookups: ${c.scanned}, failures: ${c.failures}, skipped: ${c.skipped} `,
      MSG_REBALANCE_STATUS,
    );
  }
}
