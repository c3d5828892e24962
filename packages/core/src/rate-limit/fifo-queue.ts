/**
 * A first-in, first-out queue with O(1) push and shift, and O(1) removal by marking: items
 * for which `isLive` turns false are skipped when they reach the head. Arrays' `shift` is
 * O(n), which matters with tens of thousands of waiters.
 */
export class FifoQueue<Item> {
  #items: (Item | undefined)[] = [];
  #head = 0;

  constructor(private readonly isLive: (item: Item) => boolean) {}

  /** Adds an item at the tail. */
  push(item: Item): void {
    this.#items.push(item);
  }

  /** The first live item, dropping dead ones before it. */
  peek(): Item | undefined {
    while (this.#head < this.#items.length) {
      const item = this.#items[this.#head]!;
      if (this.isLive(item)) return item;
      this.#drop();
    }
    return undefined;
  }

  /** Removes and returns the first live item. */
  shift(): Item | undefined {
    const item = this.peek();
    if (item !== undefined) this.#drop();
    return item;
  }

  /** True when no live item is left. */
  get isEmpty(): boolean {
    return this.peek() === undefined;
  }

  #drop(): void {
    this.#items[this.#head] = undefined;
    this.#head += 1;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
