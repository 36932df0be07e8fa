import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MEDIA_NAME, mediaTypeOf } from '../../core/media'
import type { MediaObject, MediaStore } from '../../core/ports'

/**
 * Images in a folder (`npm start`: the data folder's `media/`), served by the app itself at /media/<name>.
 * A name is the content's hash, so an existing file is already the right one and is left alone.
 */
export class LocalMediaStore implements MediaStore {
  constructor(private readonly dir: string) {}

  async put(object: MediaObject): Promise<void> {
    if (!MEDIA_NAME.test(object.name)) throw new Error(`not a media name: ${object.name}`)
    await mkdir(this.dir, { recursive: true })
    // Written aside, then renamed: a reader never sees half an image, and two uploads of it race harmlessly.
    const aside = join(this.dir, `.${randomUUID()}.part`)
    await writeFile(aside, object.bytes)
    await rename(aside, join(this.dir, object.name))
  }

  async get(name: string): Promise<MediaObject | undefined> {
    const contentType = mediaTypeOf(name)
    if (contentType === undefined) return undefined
    try {
      return { name, bytes: await readFile(join(this.dir, name)), contentType }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }
}
