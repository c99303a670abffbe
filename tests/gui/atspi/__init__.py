"""An end-to-end screen-reader check over the real AT-SPI bus (see ``test_atspi_tree``)."""
