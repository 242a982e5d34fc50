"""The sending engine: frozen audiences, recipient rows, batches shared by any number of workers."""
