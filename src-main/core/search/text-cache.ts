/**
 * Text embeddings of queries and prompts, kept per model: a prompt is embedded once and
 * reused for every photo and every keystroke that repeats it (CLIP's own advice).
 */
export class TextEmbeddingCache {
  private readonly entries = new Map<string, Float32Array>();

  constructor(private readonly capacity = 2000) {}

  async get(modelId: string, text: string, embed: (texts: string[]) => Promise<Float32Array[]>): Promise<Float32Array> {
    const key = `${modelId}\u0000${text}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const [vector] = await embed([text]);
    if (!vector) throw new Error('the text model returned no vector');
    this.entries.set(key, vector);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return vector;
  }
}
