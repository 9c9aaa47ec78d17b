/** An event bus that keeps what it is asked to emit (injected as the module's event_bus). */
export function captureEventBus() {
  const emitted: Array<{ name: string; data: any }> = []
  const bus = {
    emit: async (messages: any | any[]) => {
      for (const message of [].concat(messages)) {
        emitted.push({ name: (message as any).name ?? (message as any).eventName, data: (message as any).data })
      }
    },
    subscribe: () => bus,
    unsubscribe: () => bus,
    releaseGroupedEvents: async () => undefined,
    clearGroupedEvents: async () => undefined,
    addInterceptor: () => bus,
    removeInterceptor: () => bus,
  }
  return {
    bus,
    emitted,
    clear: () => emitted.splice(0, emitted.length),
    named: (name: string) => emitted.filter((e) => e.name === name).map((e) => e.data),
  }
}
