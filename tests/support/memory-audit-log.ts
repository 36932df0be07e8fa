import type { AnyAuditAction, AuditAction, AuditEntry } from '../../functions/core/audit'
import type { AuditLog } from '../../functions/core/ports'

/** An audit log in memory, for unit tests of use cases that append to it: `entries` holds what they wrote. */
export class MemoryAuditLog implements AuditLog {
  entries: AuditEntry<AnyAuditAction>[] = []

  async record(entry: AuditEntry<AnyAuditAction>): Promise<void> {
    this.entries.push(entry)
  }

  async list<A extends AnyAuditAction = AuditAction>(
    subject: string,
    options: { limit: number },
  ): Promise<AuditEntry<A>[]> {
    const lines = this.entries.filter((entry) => entry.subject === subject) as AuditEntry<A>[]
    return lines.reverse().slice(0, options.limit)
  }

  async forget(subject: string, keep: AnyAuditAction[]): Promise<void> {
    this.entries = this.entries.filter((entry) => entry.subject !== subject || keep.includes(entry.action))
  }
}
