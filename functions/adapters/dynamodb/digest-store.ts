import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { DigestStore } from '../../core/ports'
import { DynamoDigestItems } from './digest-items'
import { DynamoDigestVariants } from './digest-variants'
import { DynamoDeliveryLedger } from './delivery-ledger'
import { DynamoDigestSkips } from './digest-skip-items'
import { DynamoDigestCursors } from './digest-cursors'

export { itemSize, MAX_ITEM_BYTES, VariantTooLargeError } from './digest-variants'

/**
 * The DigestStore port over its parts, one per aggregate under the digest's partition (`DIGEST#<id>`): the
 * digest item and its planning lease, its variants, its delivery ledger (delivery-ledger.ts says how it makes
 * sending once-only), what a run left out, and the subscribers' cursors.
 */
export class DynamoDigestStore implements DigestStore {
  private readonly digestItems: DynamoDigestItems
  private readonly variants: DynamoDigestVariants
  private readonly ledger: DynamoDeliveryLedger
  private readonly skips: DynamoDigestSkips
  private readonly cursors: DynamoDigestCursors

  readonly ensureDigest: DigestStore['ensureDigest']
  readonly leasePlanning: DigestStore['leasePlanning']
  readonly releasePlanning: DigestStore['releasePlanning']
  readonly getDigest: DigestStore['getDigest']
  readonly listDigests: DigestStore['listDigests']
  readonly setDigestState: DigestStore['setDigestState']
  readonly addCounts: DigestStore['addCounts']

  readonly putVariant: DigestStore['putVariant']
  readonly getVariant: DigestStore['getVariant']
  readonly listVariants: DigestStore['listVariants']

  readonly addDeliveries: DigestStore['addDeliveries']
  readonly getDeliveries: DigestStore['getDeliveries']
  readonly claimDelivery: DigestStore['claimDelivery']
  readonly markSent: DigestStore['markSent']
  readonly markSkipped: DigestStore['markSkipped']
  readonly markFailed: DigestStore['markFailed']
  readonly listDeliveries: DigestStore['listDeliveries']

  readonly recordSkips: DigestStore['recordSkips']
  readonly listSkips: DigestStore['listSkips']

  readonly lastDigestsAt: DigestStore['lastDigestsAt']
  readonly moveLastDigestAt: DigestStore['moveLastDigestAt']

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.digestItems = new DynamoDigestItems(db, tableName)
    this.ensureDigest = this.digestItems.ensureDigest.bind(this.digestItems)
    this.leasePlanning = this.digestItems.leasePlanning.bind(this.digestItems)
    this.releasePlanning = this.digestItems.releasePlanning.bind(this.digestItems)
    this.getDigest = this.digestItems.getDigest.bind(this.digestItems)
    this.listDigests = this.digestItems.listDigests.bind(this.digestItems)
    this.setDigestState = this.digestItems.setDigestState.bind(this.digestItems)
    this.addCounts = this.digestItems.addCounts.bind(this.digestItems)
    this.variants = new DynamoDigestVariants(db, tableName)
    this.putVariant = this.variants.putVariant.bind(this.variants)
    this.getVariant = this.variants.getVariant.bind(this.variants)
    this.listVariants = this.variants.listVariants.bind(this.variants)
    this.ledger = new DynamoDeliveryLedger(db, tableName)
    this.addDeliveries = this.ledger.addDeliveries.bind(this.ledger)
    this.getDeliveries = this.ledger.getDeliveries.bind(this.ledger)
    this.claimDelivery = this.ledger.claimDelivery.bind(this.ledger)
    this.markSent = this.ledger.markSent.bind(this.ledger)
    this.markSkipped = this.ledger.markSkipped.bind(this.ledger)
    this.markFailed = this.ledger.markFailed.bind(this.ledger)
    this.listDeliveries = this.ledger.listDeliveries.bind(this.ledger)
    this.skips = new DynamoDigestSkips(db, tableName)
    this.recordSkips = this.skips.recordSkips.bind(this.skips)
    this.listSkips = this.skips.listSkips.bind(this.skips)
    this.cursors = new DynamoDigestCursors(db, tableName)
    this.lastDigestsAt = this.cursors.lastDigestsAt.bind(this.cursors)
    this.moveLastDigestAt = this.cursors.moveLastDigestAt.bind(this.cursors)
  }
}
